CREATE EXTERNAL TABLE `default`.`ddbr_skew_01700000000000_abcdef12_0a1b2c3d` (
  `item` struct<pk:string,amount:string,digest:binary>
)
ROW FORMAT SERDE 'com.amazon.ionhiveserde.IonHiveSerDe'
STORED AS ION
LOCATION 's3://my-exports/orders/AWSDynamoDB/01700000000000-abcdef12/data/'
TBLPROPERTIES ('ddbr:created-by'='ddbr')
